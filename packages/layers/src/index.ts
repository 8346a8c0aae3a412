/**
 * @gradflow/layers: Keras-style initializers, layers, losses, optimizers, training and
 * gradient-flow diagnostics on top of @gradflow/autodiff. The API lands here next.
 */

/** Name of this package, so that consumers and tests can check they resolved it. */
export const PACKAGE_NAME = '@gradflow/layers';
