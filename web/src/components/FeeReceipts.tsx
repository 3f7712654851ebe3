import { useState } from 'react';
import { Button, Card, Space } from 'antd';
import { answer, api } from '../api/http';
import type { Dossier } from '../api/types';
import { money } from '../format';
import { openPdf } from '../print';
import { ProblemAlert } from './ProblemAlert';

type FeeReceipt = NonNullable<Dossier['payment']>['receipts'][number];

const KIND_TERMS: Record<FeeReceipt['kind'], string> = { PHI: 'Biên lai thu phí', LE_PHI: 'Biên lai thu lệ phí' };

/** Print buttons for the dossier's fee receipts (one per kind paid): each as the API's A4 PDF, opened to print. */
export function FeeReceipts({ dossier }: { dossier: Dossier }) {
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<number>();
  const receipts = dossier.payment?.receipts ?? [];
  if (receipts.length === 0) return null;
  const open = async (r: FeeReceipt) => {
    setFailure(undefined);
    setBusy(r.number);
    try {
      const pdf = await answer(
        api.GET('/v1/communes/{c}/dossiers/{id}/payment/receipts/{number}', {
          params: { path: { c: dossier.commune, id: dossier.id, number: String(r.number) } },
          headers: { accept: 'application/pdf' },
          parseAs: 'blob',
        }),
      );
      openPdf(pdf as unknown as Blob, `Bien-lai-${r.series}-${String(r.number).padStart(7, '0')}.pdf`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card title={<h2 className="card-title">In biên lai</h2>} style={{ marginTop: 16 }} data-testid="fee-receipts">
      <ProblemAlert error={failure} message="Không tải được biên lai" />
      <Space wrap>
        {receipts.map((r) => (
          <Button key={`${r.series}-${r.number}`} loading={busy === r.number} onClick={() => void open(r)}>
            {KIND_TERMS[r.kind]} số {String(r.number).padStart(7, '0')} — {money(r.amount)}
            {r.refundedAt ? ' (đã hoàn trả)' : ''}
          </Button>
        ))}
      </Space>
    </Card>
  );
}
