# wrong: standard-deviation ratios (square roots) instead of variance ratios
import math


def predicted_ratios():
    return {"glorot_forward": math.sqrt(0.64), "glorot_backward": math.sqrt(0.64), "fan_in_backward": 1.0,
            "fan_in_backward_hidden": math.sqrt(0.25)}
