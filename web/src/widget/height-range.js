// The <activation-plot> height attribute's range, in CSS pixels (widget.css's
// --ap-height is the default): the widget checks it, and the explorer's embed
// dialog checks its height field against it without loading the widget.
export const HEIGHT_RANGE = { min: 120, max: 1200 };
