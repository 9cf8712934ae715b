# wrong: He keeps everything: every ratio 1
def weight_grad_ratios(widths, mode="fan_in"):
    return [1.0] * (len(widths) - 1)
