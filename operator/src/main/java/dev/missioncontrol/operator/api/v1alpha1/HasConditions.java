package dev.missioncontrol.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Every kind's status carries standard conditions. */
public interface HasConditions {

    List<Condition> getConditions();

    void setConditions(List<Condition> conditions);
}
