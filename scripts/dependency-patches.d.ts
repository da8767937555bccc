export declare const NARROW: string;
export declare const AMBIGUOUS_NARROW: string;
export declare const PATCHES: { file: RegExp; except?: RegExp; edits: [string, string][] }[];
