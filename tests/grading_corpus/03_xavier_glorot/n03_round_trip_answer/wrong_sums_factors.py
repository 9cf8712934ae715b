# wrong: adds the per-layer factors instead of multiplying them
def predicted_ratios():
    return {"glorot_forward": 2.0, "glorot_backward": 2.0, "fan_in_backward": 4.25, "fan_in_backward_hidden": 0.25}
