# wrong: backward factor n_in / n_out per layer under fan_in (the top layer gives 4)
def predicted_ratios():
    return {"glorot_forward": 0.64, "glorot_backward": 0.64, "fan_in_backward": 1.0, "fan_in_backward_hidden": 4.0}
