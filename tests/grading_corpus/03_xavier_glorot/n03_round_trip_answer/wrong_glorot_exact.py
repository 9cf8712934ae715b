# wrong: believes Glorot is exact in both directions and fan_in loses the gradient
def predicted_ratios():
    return {"glorot_forward": 1.0, "glorot_backward": 1.0, "fan_in_backward": 0.0625, "fan_in_backward_hidden": 0.25}
