# wrong: squares the Glorot round trip (counts each layer twice)
def predicted_ratios():
    return {"glorot_forward": 0.64 ** 2, "glorot_backward": 0.64 ** 2, "fan_in_backward": 1.0,
            "fan_in_backward_hidden": 0.25}
