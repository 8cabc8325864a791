-- Argo CD health of a missioncontrol.dev TenantOnboarding (argocd-cm key resource.customizations.health.missioncontrol.dev_TenantOnboarding).
-- Ready alone: Live (or Ready awaiting goLive) is Healthy; Blocked and Suspended are Stalled, so Degraded; Simulating is Progressing.
-- See docs/operations.md#argo-cd-and-flux. Lua 5.1, as Argo CD runs it; tested by operator/src/test/java/dev/missioncontrol/operator/argocd/ArgoCdHealthTest.java.
local hs = {}

local function condition(type)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function isTrue(type)
  local c = condition(type)
  return c ~= nil and c.status == "True"
end

-- Nothing to judge until the operator has reported on the current spec (the same rule kstatus applies).
local ready = condition("Ready")
if obj.status == nil or obj.status.observedGeneration == nil or obj.status.observedGeneration ~= obj.metadata.generation
    or ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report on generation " .. tostring(obj.metadata.generation)
  return hs
end
if isTrue("Stalled") then
  hs.status = "Degraded"
  hs.message = condition("Stalled").message
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
else
  hs.status = "Progressing"
end
hs.message = ready.message
return hs
