"""Which hyperparameter of a SageMaker built-in algorithm controls a need (rules/training/builtin-hyperparameter)."""

from __future__ import annotations

import pytest

from selector.answer import answer_question, mentioned_nodes

CASES = [
    ("A team trains the SageMaker k-means algorithm on store data and wants seven store segments instead of four. "
     "Which hyperparameter should change?",
     ["init_method", "k, the number of clusters", "feature_dim", "extra_center_factor"], "B"),
    ("A company uses the SageMaker Object Detection algorithm on a few hundred labelled images and wants the first "
     "layers of the base network to stay frozen while the rest trains. Which hyperparameter should be set?",
     ["freeze_layer_pattern", "base_network", "num_classes", "image_shape"], "A"),
    ("With SageMaker DeepAR, the network should see the past 90 days of sales before each forecast. "
     "Which hyperparameter controls this?",
     ["prediction_length", "num_cells", "context_length", "epochs"], "C"),
    ("A BlazingText Word2Vec job must produce 200-dimensional word vectors. Which hyperparameter?",
     ["window_size", "negative_samples", "vector_dim", "learning_rate"], "C"),
]


@pytest.mark.parametrize("stem, options, expected", CASES)
def test_the_setting_that_controls_the_need_wins(kb, stem, options, expected):
    text = stem + "\n" + "\n".join(f"{label}. {option}" for label, option in zip("ABCD", options))
    assert answer_question(kb, text).choices == [expected]


def test_context_length_is_not_read_as_prediction_length(kb):
    assert mentioned_nodes(kb, "Set context_length to 30") == ["deepar-context-length"]
    assert mentioned_nodes(kb, "Set prediction_length to 30") == ["deepar-prediction-length"]
