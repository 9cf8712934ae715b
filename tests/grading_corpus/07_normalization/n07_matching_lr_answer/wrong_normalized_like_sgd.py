# wrong: normalized SGD treated like SGD (its step has norm lr whatever the gradient)
def matching_lr(optimizer, lr, c):
    if optimizer in ("sgd", "momentum", "nesterov", "normalized"):
        return lr * c**2
    if optimizer == "lars":
        return lr
    return None if optimizer == "sgd_weight_decay" else lr * c
