# wrong: takes "the mean of the two factors is 1" to mean the round trip keeps the variance
def predicted_ratios():
    return {"glorot_forward": 1.0, "glorot_backward": 1.0, "fan_in_backward": 1.0, "fan_in_backward_hidden": 0.25}
