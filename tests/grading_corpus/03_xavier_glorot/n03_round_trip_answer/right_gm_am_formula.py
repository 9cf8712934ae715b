# right: r_f * r_b = 4 n_in n_out / (n_in + n_out)^2, the same for both layers
def predicted_ratios():
    product = 4 * 256 * 1024 / (256 + 1024) ** 2
    return {"glorot_forward": product, "glorot_backward": product, "fan_in_backward": 1024 / 256 * 256 / 1024,
            "fan_in_backward_hidden": 256 / 1024}
