# right: E[leaky(z)^2] for z ~ N(0, 1) by numerical integration
from scipy import integrate


def leaky_relu_gain(a):
    density = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    positive, _ = integrate.quad(lambda z: z * z * density(z), 0, math.inf, epsabs=1e-13, epsrel=1e-13)
    negative, _ = integrate.quad(lambda z: (a * z) ** 2 * density(z), -math.inf, 0, epsabs=1e-13, epsrel=1e-13)
    return 1 / math.sqrt(positive + negative)
