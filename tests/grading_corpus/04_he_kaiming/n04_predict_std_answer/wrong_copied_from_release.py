# wrong: copied from the release's sections 3 and 7: the square-stack factor per layer, scale * (1 + a**2) / 2, widths ignored
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    layers = len(widths) - 1
    per_layer = scale * (1 + negative_slope**2) / 2
    return math.sqrt(scale * per_layer ** (layers - 1))
