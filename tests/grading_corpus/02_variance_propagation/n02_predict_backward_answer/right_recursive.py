# right: a recursive helper for E[g_k^2]
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    L = len(widths) - 1

    def second_moment(k):
        if k == L:
            return grad_std**2
        return widths[k + 1] * weight_std**2 * c * second_moment(k + 1)

    return np.array([math.sqrt(second_moment(k)) for k in range(L)])
