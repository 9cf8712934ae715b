# wrong: the fan_in gradient at the bottom is taken to be the top layer's factor alone
def predicted_ratios():
    return {"glorot_forward": 0.64, "glorot_backward": 0.64, "fan_in_backward": 0.25, "fan_in_backward_hidden": 0.25}
