"""Modelling choices added from the notes' decision index: RNN topology, convolution dimension, LDA alpha0, DeepAR split."""

from __future__ import annotations

import pytest

from selector.answer import answer_question

QUESTIONS = {
    "encoder-decoder for translation": (
        "A recurrent neural network takes a sentence in Spanish and produces the same sentence in English. "
        "Which RNN topology should it use?\nA. Sequence to vector\nB. Vector to sequence\nC. Encoder-decoder",
        ["C"]),
    "sequence to sequence for prices": (
        "An RNN reads today's and past stock prices and must output the future prices of the stock. "
        "Which RNN topology fits?\nA. Vector to sequence\nB. Sequence to sequence\nC. Sequence to vector",
        ["B"]),
    "conv1d for text": (
        "A team builds a CNN in Keras to classify short tokenised product reviews. Which type of convolution "
        "layer should the network use?\nA. Conv1D\nB. Conv2D\nC. Conv3D",
        ["A"]),
    "conv3d for stacked slices": (
        "A Keras CNN classifies CT scans stored as stacks of slices. Which convolutional layer type fits?"
        "\nA. Conv1D\nB. Conv2D\nC. Conv3D",
        ["C"]),
    "small alpha0 for focused documents": (
        "SageMaker LDA runs on support tickets, and each ticket is usually about one or two topics. How should "
        "alpha0 be set?\nA. Set alpha0 to a value greater than 1.0\nB. Set alpha0 to a small value",
        ["B"]),
    "large alpha0 for mixed documents": (
        "SageMaker LDA runs on long magazine issues, and every issue covers many different topics. How should "
        "alpha0 be set?\nA. Set alpha0 to a value greater than 1.0\nB. Set alpha0 to a small value",
        ["A"]),
    "deepar tests on the full series": (
        "How should we split daily demand of 300 stores into training and test data for a DeepAR model?\n"
        "A. Shuffle the time points and split them 80/20\n"
        "B. Use the entire time series as the test set and remove the last prediction_length points for training",
        ["B"]),
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_audited_modelling_choice_is_answered_by_the_rules(kb, name):
    text, expected = QUESTIONS[name]
    result = answer_question(kb, text)
    assert result.choices == expected
    assert result.decided_by == "rules"
