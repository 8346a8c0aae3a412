/** Shared form controls: labelled, keyboard-usable, styled with the tokens of app.css. */
import './ui.css';
export { default as Select } from './Select.svelte';
export { default as Slider } from './Slider.svelte';
export { default as NumberInput } from './NumberInput.svelte';
export { default as Toggle } from './Toggle.svelte';
export { default as ButtonGroup } from './ButtonGroup.svelte';
export { default as CopyCode } from './CopyCode.svelte';
export { type Choice, formatNumber, parseNumberInput, stepDecimals, toChoices } from './ids.js';
