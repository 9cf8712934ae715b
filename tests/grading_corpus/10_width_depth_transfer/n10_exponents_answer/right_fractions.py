# right: fractions.Fraction values
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    from fractions import Fraction
    return {"sp_adam": (Fraction(0), Fraction(1), Fraction(3, 2)), "mup_adam": (Fraction(0),) * 3,
            "sp_sgd": (Fraction(-1, 2), Fraction(1, 2), Fraction(1))}
