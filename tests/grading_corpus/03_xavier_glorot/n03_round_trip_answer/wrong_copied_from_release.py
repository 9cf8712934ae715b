# wrong: copies the single-layer numbers that the section-2 cell prints for 256 -> 1024 (0.4, 1.6, 4)
def predicted_ratios():
    return {"glorot_forward": 0.4, "glorot_backward": 1.6, "fan_in_backward": 4.0, "fan_in_backward_hidden": 4.0}
