// The figures' bar chart (recharts), loaded on demand by FiguresPage. The same
// numbers are in the table beside it, so the chart is hidden from assistive
// technologies (the table is what they read).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export default function FiguresBarChart({ data, label }: { data: Array<{ label: string; value: number }>; label: string }) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 24, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={180} tick={{ fontSize: 13 }} />
          <Tooltip isAnimationActive={false} />
          <Bar dataKey="value" fill="#1c5d99" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
