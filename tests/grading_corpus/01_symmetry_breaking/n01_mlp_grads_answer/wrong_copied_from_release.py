# wrong (must lose every point): assembled from the release's visible cells (section 3 runs MLP.mse_loss)
def mlp_grads(x, y, W1, b1, W2, b2):
    net = MLP([np.array(W1), np.array(W2)], [np.array(b1), np.array(b2)], activation="tanh",
              output_activation="linear")
    net.mse_loss(x, y)          # forward and backward, as in the section 3 cell
    dW1, dW2 = net.grad_weights
    db1, db2 = net.grad_biases
    return dW1, db1, dW2, db2
