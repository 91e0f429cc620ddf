// Minimal typings for the parts of `edtf` we use; the package ships none.
declare module 'edtf' {
  interface EdtfBitmask {
    value: number;
  }
  interface EdtfValue {
    readonly type: 'Date' | 'Year' | 'Decade' | 'Century' | 'Season' | 'Interval' | 'List' | 'Set';
    readonly min: number;
    readonly max: number;
    readonly precision?: number;
    readonly approximate?: EdtfBitmask;
    readonly uncertain?: EdtfBitmask;
  }
  interface EdtfParsedDate {
    type: string;
    values: number[];
    level: number;
    approximate?: boolean;
    uncertain?: boolean;
    unspecified?: number;
  }
  interface EdtfParsed {
    type: string;
    level: number;
    values: (EdtfParsedDate | null)[] | number[];
    approximate?: boolean;
    uncertain?: boolean;
    unspecified?: number;
  }
  export function parse(input: string): EdtfParsed;
  /** Parses text, or makes the value of what `parse` returned (without parsing again). */
  export default function edtf(input: string | EdtfParsed): EdtfValue;
}
