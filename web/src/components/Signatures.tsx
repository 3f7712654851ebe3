import { Alert, Descriptions, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { answer, api } from '../api/http';
import type { Dossier, FileSignature, SigningSession } from '../api/types';
import { commonName } from '../../../shared/domain/signing';
import { date, dateTime } from '../format';
import { ProblemAlert } from './ProblemAlert';

type Attachment = Dossier['attachments'][number];

/** How a signing of the result ended, as the console says it. */
export const SIGNING_TERMS: Record<SigningSession['status'], string> = {
  PENDING: 'Đang chờ xác nhận trên thiết bị ký',
  SIGNED: 'Đã ký',
  REJECTED: 'Người ký từ chối',
  EXPIRED: 'Hết thời gian chờ xác nhận',
  FAILED: 'Không ký được',
};

/**
 * Why the leader's signature did not come, in the console's words: the provider's reason is
 * written for integrators (and a real CA's may be in any language), so it is not shown as such.
 */
export const UNSIGNED: Record<'REJECTED' | 'EXPIRED' | 'FAILED', { title: string; detail: string }> = {
  REJECTED: {
    title: 'người ký đã từ chối ký số trên thiết bị ký',
    detail: 'Hồ sơ vẫn ở bước Phê duyệt. Lãnh đạo có thể phê duyệt và ký số lại.',
  },
  EXPIRED: {
    title: 'hết thời gian chờ xác nhận trên thiết bị ký',
    detail: 'Người ký không xác nhận trong thời gian cho phép. Hồ sơ vẫn ở bước Phê duyệt; lãnh đạo có thể phê duyệt và ký số lại.',
  },
  FAILED: {
    title: 'dịch vụ ký số không trả về chữ ký hợp lệ',
    detail: 'Hồ sơ vẫn ở bước Phê duyệt. Kiểm tra dự thảo kết quả rồi phê duyệt và ký số lại; nếu vẫn không được, báo quản trị tỉnh kiểm tra dịch vụ ký số.',
  },
};

const ROLE_TERMS: Record<SigningSession['role'], string> = {
  LEADER: 'Chữ ký của người có thẩm quyền',
  SEAL: 'Chữ ký số của cơ quan (đóng dấu)',
};

/** Who a session names: the official by name, or as their certificate does for a session of before names. */
export const signerOf = (s: SigningSession) => s.byName ?? (s.certificate ? commonName(s.certificate.subject) : s.by);

/** A leader's signing still waiting for the device. */
export const signingPending = (d: Dossier | undefined) => !!d?.signings?.some((s) => s.status === 'PENDING');

/**
 * Where the leader's signature stands while the dossier waits for it: waiting for the signing
 * device, or why the last one did not come (the dossier stays at approval).
 */
export function SigningState({ dossier }: { dossier: Dossier }) {
  const last = dossier.signings?.filter((s) => s.role === 'LEADER').at(-1);
  if (!last) return null;
  if (last.status === 'PENDING') {
    return (
      <Alert
        style={{ marginTop: 12 }}
        type="info"
        showIcon
        role="status"
        data-testid="signing-state"
        title="Đang chờ xác nhận trên thiết bị ký"
        description={`Chờ ${signerOf(last)} xác nhận ký số dự thảo kết quả trên thiết bị ký (chậm nhất ${dateTime(last.expiresAt)}). Hồ sơ chuyển sang bước Vào sổ, đóng dấu ngay khi chữ ký được xác nhận.`}
      />
    );
  }
  if (last.status === 'SIGNED' || dossier.step !== 'APPROVAL') return null;
  const why = UNSIGNED[last.status];
  return (
    <Alert
      style={{ marginTop: 12 }}
      type="warning"
      showIcon
      role="alert"
      data-testid="signing-state"
      title={`Chưa phê duyệt: ${why.title}`}
      description={`${why.detail} (Lần ký lúc ${dateTime(last.startedAt)}, kết thúc lúc ${dateTime(last.completedAt)}.)`}
    />
  );
}

/**
 * The digital signatures of a result file as the API reads and checks them: who signed (the
 * official by name, the commune by its seal), when, whether timestamped, the certificate, and
 * whether the signature holds.
 */
export function FileSignatures({ dossier, attachment }: { dossier: Dossier; attachment: Attachment }) {
  const path = { c: dossier.commune, id: dossier.id, aid: attachment.id };
  const signatures = useQuery({
    // A new signature is a new version of the file: its hash names what was read.
    queryKey: ['signatures', dossier.commune, dossier.id, attachment.id, attachment.sha256 ?? attachment.size],
    queryFn: () => answer(api.GET('/v1/communes/{c}/dossiers/{id}/attachments/{aid}/signatures', { params: { path } })),
  });
  const sessionOf = (s: FileSignature) =>
    dossier.signings?.find((g) => g.status === 'SIGNED' && g.attachmentId === attachment.id && g.certificate?.fingerprint === s.certificate.fingerprint);

  return (
    <section data-testid="file-signatures" aria-label={`Chữ ký số trên tệp ${attachment.name}`} style={{ marginTop: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        Chữ ký số trên tệp {attachment.name}
      </Typography.Title>
      {signatures.isPending && <Spin aria-label="Đang kiểm tra chữ ký số" />}
      <ProblemAlert error={signatures.error} message="Không kiểm tra được chữ ký số" />
      {signatures.data?.length === 0 && <Typography.Paragraph>Tệp chưa có chữ ký số.</Typography.Paragraph>}
      {signatures.data?.map((s, i) => {
        const session = sessionOf(s);
        const who = s.role === 'LEADER' ? (session?.byName ?? s.signer) : s.signer;
        return (
          <Descriptions
            key={`${s.certificate.fingerprint}-${i}`}
            data-testid="file-signature"
            style={{ marginBottom: 12 }}
            size="small"
            bordered
            column={1}
            title={`Chữ ký ${i + 1}: ${ROLE_TERMS[s.role]}`}
            items={[
              { key: 'who', label: s.role === 'SEAL' ? 'Cơ quan ký' : 'Người ký', children: who },
              ...(s.role === 'SEAL' && session?.byName ? [{ key: 'clerk', label: 'Văn thư thực hiện', children: session.byName }] : []),
              { key: 'at', label: 'Thời điểm ký', children: dateTime(s.signedAt) },
              {
                key: 'timestamp',
                label: 'Dấu thời gian',
                children: s.timestamped ? 'Có dấu thời gian của dịch vụ cấp dấu thời gian' : 'Không có dấu thời gian',
              },
              {
                key: 'valid',
                label: 'Kết quả kiểm tra',
                children: s.valid ? <Tag color="#2e7d32">Chữ ký hợp lệ, chứng thư số được tin cậy</Tag> : <Tag color="#c62828">Chữ ký không hợp lệ</Tag>,
              },
              {
                key: 'covers',
                label: 'Phạm vi',
                children: s.coversDocument ? 'Toàn bộ tệp' : 'Nội dung tệp đến khi ký (có chữ ký số thêm sau)',
              },
              { key: 'subject', label: 'Chứng thư số cấp cho', children: s.certificate.subject },
              { key: 'issuer', label: 'Tổ chức cấp chứng thư', children: s.certificate.issuer },
              {
                key: 'fingerprint',
                label: 'Dấu vân tay chứng thư (SHA-256)',
                children: <code style={{ wordBreak: 'break-all' }}>{s.certificate.fingerprint}</code>,
              },
              { key: 'validity', label: 'Hiệu lực chứng thư', children: `Từ ${date(s.certificate.notBefore)} đến ${date(s.certificate.notAfter)}` },
            ]}
          />
        );
      })}
    </section>
  );
}
