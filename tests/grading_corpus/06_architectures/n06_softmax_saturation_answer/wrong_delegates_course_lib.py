# wrong (delegates to course_lib): course_lib.attention softmax, logits and entropy do all the work
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    from course_lib import attention
    p = attention.softmax(attention.attention_logits(q, k, scale=scaled))
    return float(attention.entropy(p).mean()), float(p.max(axis=1).mean())
