<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="category" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="death" symbol="0" label="death" render="true"/>
      <category value="killing" symbol="1" label="killing" render="true"/>
      <category value="execution" symbol="2" label="execution" render="true"/>
      <category value="arrest" symbol="3" label="arrest" render="true"/>
      <category value="punishment" symbol="4" label="punishment" render="true"/>
      <category value="crackdown" symbol="5" label="crackdown" render="true"/>
      <category value="inspection" symbol="6" label="inspection" render="true"/>
      <category value="defection" symbol="7" label="defection" render="true"/>
      <category value="smuggling" symbol="8" label="smuggling" render="true"/>
      <category value="disaster" symbol="9" label="disaster" render="true"/>
      <category value="flood" symbol="10" label="flood" render="true"/>
      <category value="accident" symbol="11" label="accident" render="true"/>
      <category value="protest" symbol="12" label="protest" render="true"/>
      <category value="other_incident" symbol="13" label="other incident" render="true"/>
      <category value="" symbol="14" label="other" render="true"/>
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="215,25,28,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="18"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="215,25,28,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="18"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="165,15,21,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="16"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="244,109,67,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="253,174,97,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="224,130,20,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="201,164,0,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="7" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="26,152,80,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="8" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="140,81,10,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="9" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="118,42,131,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="10" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="94,60,153,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="11" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="197,27,125,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="12" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="231,41,138,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="13" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="136,136,136,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="10"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="14" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="136,136,136,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
    <source-symbol>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="136,136,136,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
    </source-symbol>
  </renderer-v2>
</qgis>
