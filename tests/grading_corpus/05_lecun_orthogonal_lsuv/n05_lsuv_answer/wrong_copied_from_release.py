# wrong: copied from the release's LSUV cell: lsuv(plain, batch, activation=...) as called there (course_lib.lsuv,
# switched off in the tests, and measuring before the activation)
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    pre = lsuv(weights, x, activation=phi)
    return pre.weights
