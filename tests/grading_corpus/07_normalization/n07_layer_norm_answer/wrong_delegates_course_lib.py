# wrong: delegates to course_lib.norm.layer_norm (the exercise asks for NumPy only)
def layer_norm(x, gamma, beta, eps=1e-5):
    return norm.layer_norm(x, gamma, beta, eps)
