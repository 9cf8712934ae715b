# wrong (must lose every point): delegates the backward pass to course_lib's MLP
def mlp_grads(x, y, W1, b1, W2, b2):
    net = MLP([W1, W2], [b1, b2], activation="tanh", output_activation="linear")
    net.mse_loss(x, y)
    return net.grad_weights[0], net.grad_biases[0], net.grad_weights[1], net.grad_biases[1]
