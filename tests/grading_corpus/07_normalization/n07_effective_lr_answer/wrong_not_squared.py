# wrong: lr / ||W|| (norm not squared)
def effective_lr(lr, weight):
    return float(lr / np.linalg.norm(weight))
