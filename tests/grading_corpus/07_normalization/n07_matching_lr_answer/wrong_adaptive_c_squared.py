# wrong: Adagrad, RMSprop and Adam treated like SGD (the division by sqrt(s) forgotten)
def matching_lr(optimizer, lr, c):
    if optimizer in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"):
        return lr * c**2
    if optimizer == "lars":
        return lr
    return None if optimizer == "sgd_weight_decay" else lr * c
