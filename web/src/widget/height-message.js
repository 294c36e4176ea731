// The message the iframe view posts to its parent with its content height,
// and that the host page's resize helper listens for.
export const HEIGHT_MESSAGE = 'activation-lab:height';
