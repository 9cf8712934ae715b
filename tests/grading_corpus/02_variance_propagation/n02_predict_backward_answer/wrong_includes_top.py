# wrong: returns L + 1 entries (the gradient at h_L at the end)
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moments = [grad_std**2]
    for l in range(len(widths) - 1, 0, -1):
        moments.append(widths[l] * weight_std**2 * c * moments[-1])
    return np.sqrt(np.array(moments[::-1]))
