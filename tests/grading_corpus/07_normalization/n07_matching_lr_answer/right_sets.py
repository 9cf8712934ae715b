# right: sets of names, the step's scale worked out per family
LINEAR_IN_GRADIENT = {"sgd", "momentum", "nesterov"}
SCALE_FREE_STEP = {"sign", "normalized", "adagrad", "rmsprop", "adam"}


def matching_lr(optimizer, lr, c):
    if optimizer in LINEAR_IN_GRADIENT:
        return lr * c**2
    if optimizer in SCALE_FREE_STEP:
        return c * lr
    return lr if optimizer == "lars" else None
