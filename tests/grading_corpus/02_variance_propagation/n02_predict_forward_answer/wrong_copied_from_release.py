# wrong (copied from the release): section 4's visible loop (square widths, ReLU factor always), generalised by n_0
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    width, v = widths[0], weight_std**2
    q_second_moment = [width * v * input_std**2]
    for _layer in range(1, len(widths) - 1):
        q_second_moment.append(width * v * q_second_moment[-1] / 2)
    return np.sqrt(np.array(q_second_moment))
