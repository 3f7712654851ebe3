import { Tag } from 'antd';
import type { Standing, Timeliness } from '../api/types';
import { TIMELINESS_TERMS } from '../glossary';

/** Solid colours with white text: the preset pale tags are too faint to read (WCAG AA). */
const COLORS: Record<Timeliness | Standing, string> = {
  EARLY: '#2e7d32',
  ON_TIME: '#1565c0',
  LATE: '#c62828',
  ON_TRACK: '#455a64',
  AT_RISK: '#8a5a00',
  OVERDUE: '#c62828',
};

/** Trước hạn / Đúng hạn / Trễ hạn, Trong hạn / Sắp đến hạn / Quá hạn. */
export function TimelinessTag({ value }: { value: Timeliness | Standing | null | undefined }) {
  if (!value) return null;
  return (
    <Tag color={COLORS[value]} data-testid={`timeliness-${value}`}>
      {TIMELINESS_TERMS[value]}
    </Tag>
  );
}
