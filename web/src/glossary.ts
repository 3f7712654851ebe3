export {
  ACTION_TERMS,
  actorLabel,
  DEPARTMENT_TERMS,
  MESSAGE_TERMS,
  NOTIFY_CHANNEL_TERMS,
  ROLE_TERMS,
  STATUS_TERMS,
  STEP_TERMS,
  TERMS,
  TIMELINESS_TERMS,
} from '../../shared/domain/glossary';

export const CHANNEL_TERMS = { ONLINE: 'Trực tuyến', IN_PERSON: 'Trực tiếp', POSTAL: 'Bưu chính' } as const;
export const DOCUMENT_KIND_TERMS = { ORIGINAL: 'Bản chính', COPY: 'Bản sao', CERTIFIED_COPY: 'Bản sao chứng thực' } as const;
