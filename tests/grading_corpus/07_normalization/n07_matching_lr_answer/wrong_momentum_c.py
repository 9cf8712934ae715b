# wrong: momentum and Nesterov given Adam's law (the velocity is a sum of gradients, it scales like them)
def matching_lr(optimizer, lr, c):
    if optimizer == "sgd":
        return lr * c**2
    if optimizer == "lars":
        return lr
    return None if optimizer == "sgd_weight_decay" else lr * c
