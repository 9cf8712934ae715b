# right: rounded predictions within 5% of the theory
def predicted_ratios():
    return {"glorot_forward": 0.65, "glorot_backward": 0.62, "fan_in_backward": 1, "fan_in_backward_hidden": 0.26}
