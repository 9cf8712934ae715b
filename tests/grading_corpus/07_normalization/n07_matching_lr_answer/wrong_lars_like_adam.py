# wrong: LARS treated as a gradient-normalizing method (c), its ||W|| factor forgotten
def matching_lr(optimizer, lr, c):
    if optimizer in ("sgd", "momentum", "nesterov"):
        return lr * c**2
    if optimizer == "sgd_weight_decay":
        return None
    return lr * c
