import { useEffect, useState } from 'react';
import { toDataURL } from 'qrcode';
import { Alert, Button, Card, Space, Spin } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { citizenPageUrl } from '../../../shared/domain/forms';
import { answer, api } from '../api/http';
import { fetchDossier, fetchReceipt } from '../api/queries';
import { ActionDialog } from '../components/ActionDialog';
import { FeeReceipts } from '../components/FeeReceipts';
import { ProblemAlert } from '../components/ProblemAlert';
import { ACTION_TERMS, DEPARTMENT_TERMS, DOCUMENT_KIND_TERMS, TERMS } from '../glossary';
import { dateTime, money } from '../format';
import { openPdf } from '../print';

/**
 * Form 01 as a printable page: what the desk hands the applicant on acceptance. Fees due at
 * reception are collected (or waived) here first, so accepting and collecting are one flow: the
 * appointment counts from the payment, and the fee receipts print beside the form.
 */
export default function Receipt() {
  const { commune = '', id = '' } = useParams();
  // The lookup secret is answered once, on creation: the reception flow hands it over to print it.
  const secret = (useLocation().state as { lookupSecret?: string } | null)?.lookupSecret;
  const [pdfError, setPdfError] = useState<unknown>();
  const [feeAction, setFeeAction] = useState<'collect' | 'waive'>();
  const queryClient = useQueryClient();
  const dossier = useQuery({ queryKey: ['dossier', commune, id], queryFn: () => fetchDossier(commune, id) });
  // Form 01 names the appointment, which counts from the payment of fees due at reception: it exists once they are settled.
  const awaitsFees = dossier.data?.status === 'AWAITING_PAYMENT';
  const form = useQuery({
    queryKey: ['form', commune, id, '01'],
    queryFn: () => fetchReceipt(commune, id),
    enabled: dossier.isSuccess && !awaitsFees,
  });
  const settled = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ['dossier', commune, id] }), queryClient.invalidateQueries({ queryKey: ['form', commune, id] })]);
  const openFormPdf = async () => {
    setPdfError(undefined);
    try {
      // The API's own PDF of Form 01: A4, the national heading, the QR code of the public lookup.
      const pdf = await answer(
        api.GET('/v1/communes/{c}/dossiers/{id}/forms/{form}', {
          params: { path: { c: commune, id, form: '01' } },
          headers: { accept: 'application/pdf' },
          parseAs: 'blob',
        }),
      );
      openPdf(pdf as unknown as Blob, `Mau-01-${form.data?.dossierCode ?? id}.pdf`);
    } catch (error) {
      setPdfError(error);
    }
  };
  if (dossier.isError) return <ProblemAlert error={dossier.error} message="Không mở được hồ sơ" />;
  if (dossier.isPending) return <Spin aria-label="Đang tải giấy tiếp nhận" />;
  const d = dossier.data;
  if (awaitsFees) {
    return (
      <Card title={<h1 className="card-title">{`${TERMS.dossier} ${d.code ?? ''} — chờ nộp phí, lệ phí`}</h1>}>
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={`Phải nộp ${money(d.payment?.total ?? 0)} trước khi in giấy tiếp nhận và hẹn trả kết quả: ngày hẹn được tính từ khi nộp.`}
          data-testid="payment-due"
        />
        <Space wrap>
          {(['collect', 'waive'] as const)
            .filter((a) => d.allowedActions.includes(a))
            .map((a) => (
              <Button key={a} type={a === 'collect' ? 'primary' : 'default'} onClick={() => setFeeAction(a)}>
                {ACTION_TERMS[a]}
              </Button>
            ))}
          <Link to={`/dossiers/${commune}/${id}`}>Về trang hồ sơ</Link>
        </Space>
        {feeAction && <ActionDialog action={feeAction} dossier={d} onClose={() => setFeeAction(undefined)} onChanged={settled} />}
      </Card>
    );
  }
  if (form.isPending) return <Spin aria-label="Đang tải giấy tiếp nhận" />;
  if (form.isError) return <ProblemAlert error={form.error} message="Không tải được giấy tiếp nhận" />;
  const f = form.data;
  const processing = f.processing.kind === 'SAME_DAY' ? 'Trong ngày' : `${f.processing.days} ngày làm việc`;
  return (
    <>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()}>
          In giấy tiếp nhận
        </Button>
        <Button onClick={() => void openFormPdf()}>Bản PDF (Mẫu 01)</Button>
        <Link to={`/dossiers/${commune}/${id}`}>Về trang hồ sơ</Link>
      </Space>
      <ProblemAlert error={pdfError} message="Không tải được bản PDF" />
      <div className="no-print" style={{ marginBottom: 16 }}>
        <FeeReceipts dossier={d} />
      </div>
      <article className="printable" data-testid="receipt">
        <div style={{ display: 'flex', justifyContent: 'space-between', textAlign: 'center' }}>
          <div>
            <div>UBND XÃ {(f.issuingUnitName ?? f.issuingUnit).toLocaleUpperCase('vi')}</div>
            <div>
              <strong>BỘ PHẬN MỘT CỬA</strong>
            </div>
          </div>
          <div>
            <div>
              <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
            </div>
            <div>Độc lập - Tự do - Hạnh phúc</div>
          </div>
        </div>
        <h1>{f.title.toUpperCase()}</h1>
        <p style={{ textAlign: 'center' }}>
          {TERMS.code}: <strong data-testid="receipt-code">{f.dossierCode}</strong>
        </p>
        <p>
          Bộ phận tiếp nhận và trả kết quả đã tiếp nhận hồ sơ của: <strong>{f.applicant.name}</strong>
        </p>
        <p>
          Địa chỉ: {f.applicant.address}. Điện thoại: {f.applicant.phone ?? '—'}. Thư điện tử: {f.applicant.email ?? '—'}
        </p>
        <p>
          Nội dung yêu cầu giải quyết: {f.procedure.name} ({f.procedure.code}) — {DEPARTMENT_TERMS[f.department]}
        </p>
        <table>
          <thead>
            <tr>
              <th>STT</th>
              <th>Tên giấy tờ</th>
              <th>Hình thức</th>
              <th>Số lượng</th>
            </tr>
          </thead>
          <tbody>
            {f.documents.map((d, i) => (
              <tr key={`${d.name}-${i}`}>
                <td>{i + 1}</td>
                <td>{d.name}</td>
                <td>{DOCUMENT_KIND_TERMS[d.kind]}</td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Số lượng hồ sơ: {f.dossierSets} bộ. Thời gian giải quyết: {processing}. Lệ phí: {money(f.fee)}.
        </p>
        <p>Thời gian nhận hồ sơ: {dateTime(f.receivedAt)}</p>
        <p>
          <strong>
            {TERMS.dueAt}: {dateTime(f.dueAt)}
          </strong>
        </p>
        {f.dossierCode && <CitizenPageQr code={f.dossierCode} secret={secret} />}
        {f.transfer && <TransferQr transfer={f.transfer} />}
        <p>
          Người tiếp nhận: <span data-testid="received-by">{f.receivedBy ?? '—'}</span>
        </p>
        <p style={{ fontSize: 12 }}>Mẫu số 01 — {f.legalBasis}</p>
      </article>
    </>
  );
}

/**
 * The QR of the citizen's page, served beside the console on its origin, as the PDF prints it:
 * the secret in the fragment, which no server sees. Without the secret (a receipt opened again)
 * the page asks for the one printed when the dossier was received.
 */
function CitizenPageQr({ code, secret }: { code: string; secret: string | undefined }) {
  const url = citizenPageUrl(window.location.origin, code, secret);
  const [image, setImage] = useState<string>();
  useEffect(() => {
    void toDataURL(url, { errorCorrectionLevel: 'M', margin: 4, width: 120 }).then(setImage);
  }, [url]);
  return (
    <section data-testid="receipt-lookup" style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
      <div>
        <p>
          Quét mã QR để tra cứu tình trạng hồ sơ trên điện thoại
          {secret ? (
            <>
              ; mã tra cứu: <strong data-testid="lookup-secret">{secret}</strong>
            </>
          ) : (
            ', nhập mã tra cứu in trên giấy tiếp nhận lần đầu'
          )}
          .
        </p>
      </div>
      {image && <img src={image} alt="Mã QR tra cứu hồ sơ" width={120} height={120} data-testid="lookup-qr" data-url={url} />}
    </section>
  );
}

type Transfer = NonNullable<Awaited<ReturnType<typeof fetchReceipt>>['transfer']>;

/** How to pay by bank transfer: the commune's account and the VietQR a banking app reads. */
function TransferQr({ transfer }: { transfer: Transfer }) {
  const [image, setImage] = useState<string>();
  useEffect(() => {
    void toDataURL(transfer.vietQr, { errorCorrectionLevel: 'M', margin: 4, width: 160 }).then(setImage);
  }, [transfer.vietQr]);
  return (
    <section data-testid="receipt-transfer" style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
      <div>
        <p>
          <strong>Nộp phí, lệ phí bằng chuyển khoản (quét mã VietQR)</strong>
        </p>
        <p>
          Ngân hàng (BIN): {transfer.bankBin}. Số tài khoản: {transfer.accountNumber}. Chủ tài khoản: {transfer.accountName}.
        </p>
        <p>Số tiền: {money(transfer.amount)}</p>
      </div>
      {image && <img src={image} alt="Mã VietQR chuyển khoản phí, lệ phí" width={160} height={160} />}
    </section>
  );
}
