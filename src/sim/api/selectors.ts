// Label and field selectors as apimachinery implements them (k8s.io/apimachinery/pkg/labels,
// pkg/fields, metav1.LabelSelectorAsSelector / FormatLabelSelector) and as the API server
// checks field selectors per kind. This module only gathers the public API; the pieces are:
//   selectors.label.ts       label requirements, matchers, LabelSelector spec conversion
//   selectors.labelparse.ts  the label selector string syntax (labels.Parse)
//   selectors.validation.ts  label key / value validation and its error texts
//   selectors.field.ts       field selectors and the per-kind field labels
export {
  everything, formatLabelSelector, isSelectorError, labelSelectorFromSet, labelSelectorFromSpec, nothing,
  type LabelOperator, type LabelRequirement, type LabelSelectorMatcher, type LabelSelectorSpec, type SelectorError,
} from './selectors.label.ts';
export { parseLabelSelector } from './selectors.labelparse.ts';
export { labelValueErrors, qualifiedNameErrors } from './selectors.validation.ts';
export {
  fieldLabelError, fieldSelectorValue, parseFieldSelector, supportedFieldSelectors,
  type FieldRequirement, type FieldSelectorMatcher,
} from './selectors.field.ts';
