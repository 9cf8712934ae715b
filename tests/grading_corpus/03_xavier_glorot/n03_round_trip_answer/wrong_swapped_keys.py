# wrong: the fan_in values are swapped between the bottom and the hidden layer
def predicted_ratios():
    return {"glorot_forward": 0.64, "glorot_backward": 0.64, "fan_in_backward": 0.25, "fan_in_backward_hidden": 1.0}
