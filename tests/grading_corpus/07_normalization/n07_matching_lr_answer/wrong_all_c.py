# wrong: the gradient scales like 1/c, so c for every optimizer
def matching_lr(optimizer, lr, c):
    return None if optimizer == "sgd_weight_decay" else lr * c
