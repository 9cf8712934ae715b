# right: computes the norm with math.sqrt, then divides by its square
def effective_lr(lr, weight):
    weight_norm = math.sqrt(float(np.sum(np.square(weight))))
    return lr / weight_norm / weight_norm
