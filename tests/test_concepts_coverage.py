"""Deep-learning and data-type choices added from the notes' concept sections: CNN architectures, activation
properties, kinds of data, and the wrong note claims they mark."""

from __future__ import annotations

import pytest

from selector.answer import answer_question

QUESTIONS = {
    "resnet for skip connections": (
        "Which CNN architecture keeps a network of more than a hundred layers accurate by using skip connections?"
        "\nA. LeNet-5\nB. AlexNet\nC. GoogLeNet\nD. ResNet",
        ["D"]),
    "lenet for handwriting": (
        "Which classic convolutional architecture suits recognising handwritten digits?"
        "\nA. ResNet\nB. LeNet-5\nC. GoogLeNet\nD. AlexNet",
        ["B"]),
    "googlenet for inception": (
        "Which CNN architecture introduced the inception module?\nA. AlexNet\nB. ResNet\nC. GoogLeNet",
        ["C"]),
    "tanh is zero-centred": (
        "Which activation function outputs zero-centred values between -1 and 1?"
        "\nA. ReLU\nB. Tanh\nC. Softmax\nD. Sigmoid",
        ["B"]),
    "softmax sums to one": (
        "Which activation function turns the final scores into class probabilities that sum to 1?"
        "\nA. Tanh\nB. ReLU\nC. Softmax",
        ["C"]),
    "counts are discrete": (
        "What type of data is the number of logins a user makes each week?"
        "\nA. Continuous numerical data\nB. Discrete numerical data\nC. Nominal data\nD. Ordinal data",
        ["B"]),
    "rainfall is continuous": (
        "What type of data is the daily rainfall measured at a weather station?"
        "\nA. Continuous numerical data\nB. Discrete numerical data\nC. Nominal data\nD. Ordinal data",
        ["A"]),
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_concept_choice_is_answered_by_the_rules(kb, name):
    text, expected = QUESTIONS[name]
    result = answer_question(kb, text)
    assert result.choices == expected
    assert result.decided_by == "rules"


def test_wrong_note_claims_are_marked(kb):
    assert kb.claims["bagging-choose-one-model"].node_id == "bagging"
    assert kb.claims["bagging-choose-one-model"].status == "wrong"
    assert kb.claims["confusion-matrix-first-layout-mislabelled"].status == "wrong"
