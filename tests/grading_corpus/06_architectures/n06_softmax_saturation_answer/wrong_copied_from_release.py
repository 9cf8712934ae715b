# wrong (copied from the release): the body of the notebook's saturation-table cell, which runs course_lib.attention
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    weights = attention.softmax(attention.attention_logits(q, k, scale=scaled))
    return float(attention.entropy(weights).mean()), float(weights.max(axis=-1).mean())
