import { Text, View } from '@tarojs/components';
import { MATERIAL_REQUIREMENT_LABELS, type Material, type TicketMaterial } from '@app/shared';

type Row = Pick<Material, 'name' | 'form' | 'count' | 'requirement' | 'note'> & { requirementLabel?: string };

/** Materials to bring (from the guide): required and 容缺 ones; shared / cancelled ones need nothing. */
export function MaterialsToBring({ materials }: { materials: Array<Row | TicketMaterial> }) {
  const rows = materials.filter((m) => m.requirement === 'required' || m.requirement === 'waivable');
  if (rows.length === 0) return <Text className="appt-muted">无需携带材料</Text>;
  return (
    <View className="appt-materials" data-testid="materials">
      {rows.map((m, i) => (
        <View key={`${i}-${m.name}`} className="appt-materials__row">
          <Text className="appt-materials__name">{`${i + 1}. ${m.name}`}</Text>
          <Text className="appt-materials__meta">
            {`${m.form} · ${m.count} 份 · ${
              ('requirementLabel' in m && m.requirementLabel) || MATERIAL_REQUIREMENT_LABELS[m.requirement]
            }`}
          </Text>
          {m.note ? <Text className="appt-materials__note">{m.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}
