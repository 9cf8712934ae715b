# wrong: spectral norm of the matrix (2-D view)
def effective_lr(lr, weight):
    w = np.asarray(weight).reshape(weight.shape[0], -1)
    return float(lr / np.linalg.norm(w, 2) ** 2)
