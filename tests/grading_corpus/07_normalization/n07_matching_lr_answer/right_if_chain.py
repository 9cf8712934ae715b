# right: an if/elif chain, one branch per family of optimizers
def matching_lr(optimizer, lr, c):
    if optimizer in ("sgd", "momentum", "nesterov"):
        return lr * c * c
    if optimizer in ("sign", "normalized", "adagrad", "rmsprop", "adam"):
        return lr * c
    if optimizer == "lars":
        return lr
    return None
