# right: np.vdot flattens both arguments
def effective_lr(lr, weight):
    return lr / np.vdot(weight, weight)
