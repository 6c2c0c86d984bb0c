// The pharmacist's home (/pharmacy): type or paste a prescription's code (or
// the whole address under its QR code), or scan the QR code with the camera
// where the browser can read QR codes (BarcodeDetector); then the verification
// page shows whether to dispense.
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { codeFromInput } from './api.ts';

// BarcodeDetector is not in TypeScript's DOM library yet.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;
const barcodeDetector = (): BarcodeDetectorConstructor | null => (window as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector ?? null;

export function PharmacyPage() {
  const { t } = useTranslation('prescriptions');
  const navigate = useNavigate();
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const canScan = barcodeDetector() !== null && !!navigator.mediaDevices?.getUserMedia;

  const open = useCallback(
    (raw: string) => {
      const code = codeFromInput(raw);
      if (!code) {
        setError(t('pharmacy.codeRequired'));
        return;
      }
      void navigate(`/verify/${code}`);
    },
    [navigate, t],
  );

  return (
    <Stack gap="lg" maw={640}>
      <Title order={1} size="h2">
        {t('pharmacy.title')}
      </Title>
      <Text>{t('pharmacy.lead')}</Text>
      <Card withBorder radius="md" padding="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            open(input);
          }}
          noValidate
        >
          <Stack gap="md">
            <TextInput
              label={t('pharmacy.codeLabel')}
              description={t('pharmacy.codeHint')}
              value={input}
              onChange={(e) => {
                setInput(e.currentTarget.value);
                setError(null);
              }}
              error={error}
              autoComplete="off"
              spellCheck={false}
              size="md"
            />
            <Group>
              <Button type="submit" size="md">
                {t('pharmacy.check')}
              </Button>
              {canScan && !scanning && (
                <Button variant="light" size="md" onClick={() => setScanning(true)}>
                  {t('pharmacy.scan')}
                </Button>
              )}
            </Group>
            {!canScan && (
              <Text size="sm" c="dimmed">
                {t('pharmacy.noScanner')}
              </Text>
            )}
          </Stack>
        </form>
      </Card>
      {scanning && <Scanner onCode={open} onClose={() => setScanning(false)} />}
    </Stack>
  );
}

function Scanner({ onCode, onClose }: { onCode: (value: string) => void; onClose: () => void }) {
  const { t } = useTranslation('prescriptions');
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const Detector = barcodeDetector();
    if (!Detector) return;
    const detector = new Detector({ formats: ['qr_code'] });
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const scan = async () => {
      if (stopped || !video.current) return;
      try {
        const found = await detector.detect(video.current);
        const hit = found.find((b) => /\/verify\/[A-Za-z0-9_-]+/.test(b.rawValue));
        if (hit) {
          onCode(hit.rawValue);
          return;
        }
      } catch {
        // A frame that is not ready yet: try the next one.
      }
      timer = setTimeout(() => void scan(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void scan();
      })
      .catch(() => setProblem(t('pharmacy.cameraDenied')));
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onCode, t]);

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={t('pharmacy.scannerLabel')}>
      <Stack gap="sm">
        <Text>{t('pharmacy.scanHint')}</Text>
        {problem ? (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        ) : (
          <video ref={video} muted playsInline style={{ width: '100%', maxHeight: 360, background: '#000', borderRadius: 8 }} aria-label={t('pharmacy.cameraLabel')} />
        )}
        <Button variant="default" onClick={onClose} style={{ alignSelf: 'flex-start' }}>
          {t('pharmacy.stopScan')}
        </Button>
      </Stack>
    </Card>
  );
}
