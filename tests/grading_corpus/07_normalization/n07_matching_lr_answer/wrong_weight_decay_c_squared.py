# wrong: weight decay treated like SGD (c^2): the decay term then does not scale like the gradient term
def matching_lr(optimizer, lr, c):
    if optimizer in ("sgd", "momentum", "nesterov", "sgd_weight_decay"):
        return lr * c**2
    return lr if optimizer == "lars" else lr * c
